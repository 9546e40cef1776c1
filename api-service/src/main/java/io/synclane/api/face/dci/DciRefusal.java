package io.synclane.api.face.dci;

/** A request the face itself refuses before any service sees it: its status, the key at fault (or null), why. */
class DciRefusal extends RuntimeException {
    private final int status;
    private final String key;

    DciRefusal(int status, String key, String message) {
        super(message);
        this.status = status;
        this.key = key;
    }

    int status() {
        return status;
    }

    String key() {
        return key;
    }
}
