package io.synclane.api.face.sde;

import io.synclane.common.domain.ConnectionKind;

/** The {@code {kind}} path segment: {@code alm} or {@code analysis} (the paths' regex admits nothing else). */
final class Kinds {
    static final String PATH = "{kind: alm|analysis}";

    private Kinds() {
    }

    static ConnectionKind parse(String kind) {
        return ConnectionKind.fromWire(kind);
    }
}
