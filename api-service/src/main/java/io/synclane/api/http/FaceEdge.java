package io.synclane.api.http;

/**
 * What the edge needs to know of a face, which each face says of itself: the paths it answers, the largest body
 * each of its routes takes, and how it words a refusal. The edge ({@link RequestLimits}, {@link EdgeExceptionMappers})
 * refuses what no route of a face should read (an oversized body, a matrix parameter, a route that does not exist) in
 * that face's own error shape, before any of its code runs.
 */
public interface FaceEdge {
    /** Whether the path is the root itself or below it: how every face tells its paths (edge and authentication). */
    static boolean under(String root, String path) {
        return path != null && (path.equals(root) || path.startsWith(root + "/"));
    }

    /** Whether this face answers requests of this path. */
    boolean owns(String path);

    /** The face whose shape answers a path no face owns (a request for {@code /nowhere}). */
    default boolean fallback() {
        return false;
    }

    /** The largest body, in bytes, a request of this method and path may carry; a larger one answers 413. */
    long bodyLimit(String method, String path);

    /**
     * Whether a JSON body of this route is read by Quarkus REST's Jackson reader, whose UTF-8 decoding is lenient
     * (the edge then checks it first). A face that parses its own bodies checks them itself; a file's bytes are
     * never checked.
     */
    default boolean readsJson(String method, String path) {
        return false;
    }

    /**
     * A refusal in the face's error shape.
     *
     * @param field the parameter or body field at fault, as the client spelled it, or null
     */
    ErrorAnswer error(int status, String field, String message, EdgeRequest request);

    /** What of a request decides how its error is written (the RPM face answers in the format asked for). */
    record EdgeRequest(String path, String formatParameter, String accept) {
    }

    /** An error answer: its status, content type and body. */
    record ErrorAnswer(int status, String contentType, byte[] body) {
    }
}
