package io.synclane.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator's HTTP client: sends the bench's triggers ({@code POST} with the API key, no body) and
 * answers each with its status code, {@code -1} for a failure or a timeout.
 *
 * <p>It exists because the load generator shares the two cores it measures. The JDK's
 * {@link java.net.http.HttpClient} cost the bench 1.2–3 ms of CPU per request, and a general client (Vert.x's,
 * tried) still over 1 ms in the bench, most of it compiling its much larger code while the window runs. This one
 * is one selector thread over HTTP/1.1 keep-alive connections, at most one per request in flight: a request is
 * one write of a few prepared bytes and a read of the answer, which is parsed only as far as its status line and
 * its length.
 */
final class TriggerClient implements AutoCloseable {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final byte[] headers;
    private final int maxConnections;
    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Request> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    // The rest belongs to the loop thread.
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final Map<InetSocketAddress, ArrayDeque<Connection>> idle = new HashMap<>();
    private final List<Connection> open = new ArrayList<>();

    private static final class Request {
        final InetSocketAddress address;
        final byte[] bytes;
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;

        Request(InetSocketAddress address, byte[] bytes) {
            this.address = address;
            this.bytes = bytes;
        }
    }

    private static final class Connection {
        final InetSocketAddress address;
        final SocketChannel channel;
        final SelectionKey key;
        ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(8192);
        Request request;

        Connection(InetSocketAddress address, SocketChannel channel, SelectionKey key) {
            this.address = address;
            this.channel = channel;
            this.key = key;
        }
    }

    /** @param connections the most connections it opens: as many as requests will be in flight */
    TriggerClient(String apiKey, int connections) throws IOException {
        headers = ("Authorization: Token " + apiKey + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        maxConnections = connections;
        selector = Selector.open();
        loop = new Thread(this::run, "bench-trigger-client");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Sends one trigger to {@code uri} (plain {@code http}); completes, on the client's thread, with the status
     * code once the whole answer has been read, or with {@code -1} if it failed or took over 30 s (the first
     * failure is printed). Callbacks on the answer run on that thread and may send the next trigger from there.
     */
    CompletableFuture<Integer> trigger(URI uri) {
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + headers.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(headers, 0, bytes, head.length, headers.length);
        Request request = new Request(new InetSocketAddress(uri.getHost(), uri.getPort()), bytes);
        if (Thread.currentThread() == loop) {
            waiting.add(request); // sent from an answer's callback: the loop dispatches it before it selects again
        } else {
            submitted.add(request);
            selector.wakeup();
        }
        return request.status;
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(1000);
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    try {
                        if (key.isConnectable() && connection.channel.finishConnect()) {
                            write(connection);
                        }
                        if (key.isValid() && key.isWritable()) {
                            write(connection);
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(connection);
                        }
                    } catch (IOException e) {
                        fail(connection, e);
                    }
                }
                for (Request request; (request = submitted.poll()) != null; ) {
                    waiting.add(request);
                }
                expire();
                dispatch();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Gives each waiting request an idle connection to its address, or a new one while fewer than the most. */
    private void dispatch() throws IOException {
        while (!waiting.isEmpty()) {
            Request request = waiting.peek();
            ArrayDeque<Connection> spare = idle.get(request.address);
            Connection connection = spare == null ? null : spare.poll();
            if (connection == null) {
                if (open.size() >= maxConnections) {
                    return;
                }
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean connected = channel.connect(request.address);
                connection = new Connection(request.address, channel,
                        channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT));
                connection.key.attach(connection);
                open.add(connection);
            }
            waiting.poll();
            connection.request = request;
            connection.out = ByteBuffer.wrap(request.bytes);
            if (connection.channel.isConnected()) {
                try {
                    write(connection);
                } catch (IOException e) {
                    fail(connection, e);
                }
            }
        }
    }

    /**
     * Writes what it can of the request; a connection is always read from (so an idle one that the server closes
     * is noticed), and written to only while a request has not gone out whole, which is rare for a few bytes.
     */
    private void write(Connection connection) throws IOException {
        if (connection.out != null) {
            connection.channel.write(connection.out);
        }
        boolean more = connection.out != null && connection.out.hasRemaining();
        connection.key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Connection connection) throws IOException {
        if (connection.request == null) { // idle: only the server closing it is expected
            if (connection.channel.read(connection.in) < 0) {
                close(connection);
                return;
            }
            throw new IOException("the server sent something unasked for");
        }
        ByteBuffer in = connection.in;
        if (!in.hasRemaining()) {
            connection.in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            in = connection.in;
        }
        if (connection.channel.read(in) < 0) {
            throw new IOException("connection closed by the server");
        }
        Answer answer = Answer.parse(in.array(), in.position());
        if (answer == null) {
            return; // not all of it yet
        }
        if (answer.length != in.position()) {
            throw new IOException("answer followed by " + (in.position() - answer.length) + " bytes unasked for");
        }
        in.clear();
        Request request = connection.request;
        connection.request = null;
        connection.out = null;
        if (answer.close) {
            close(connection);
        } else {
            idle.computeIfAbsent(connection.address, a -> new ArrayDeque<>()).push(connection);
        }
        request.status.complete(answer.status);
    }

    /** Fails requests that took over the timeout, with their connections. */
    private void expire() {
        long now = System.nanoTime();
        for (int i = open.size() - 1; i >= 0; i--) { // backwards: a failed connection leaves the list
            Connection connection = open.get(i);
            if (connection.request != null && now - connection.request.deadline > 0) {
                fail(connection, new IOException("no answer within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s"));
            }
        }
        while (!waiting.isEmpty() && now - waiting.peek().deadline > 0) {
            failed(waiting.poll(), new IOException("no connection within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s"));
        }
    }

    private void fail(Connection connection, Exception cause) {
        close(connection);
        if (connection.request != null) {
            failed(connection.request, cause);
            connection.request = null;
        }
    }

    private void failed(Request request, Exception cause) {
        if (failures.getAndIncrement() == 0) {
            System.err.println("first failed trigger (counted as rejected): " + cause);
        }
        request.status.complete(-1);
    }

    private void close(Connection connection) {
        open.remove(connection);
        ArrayDeque<Connection> spare = idle.get(connection.address);
        if (spare != null) {
            spare.remove(connection);
        }
        connection.key.cancel();
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection connection : List.copyOf(open)) {
            close(connection);
        }
        selector.close();
    }

    /** An HTTP/1.1 answer's status, whole length (head and body) and whether the server closes after it. */
    record Answer(int status, int length, boolean close) {
        /** The answer at the start of {@code bytes[0, end)}, or null while it is incomplete. */
        static Answer parse(byte[] bytes, int end) throws IOException {
            int head = indexOf(bytes, 0, end, "\r\n\r\n");
            if (head < 0) {
                return null;
            }
            String text = new String(bytes, 0, head, StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                throw new IOException("not an HTTP/1 answer: " + text.lines().findFirst().orElse(""));
            }
            int status = Integer.parseInt(text.substring(9, 12));
            long contentLength = 0;
            boolean chunked = false;
            boolean close = text.startsWith("HTTP/1.0");
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            int body = head + 4;
            if (!chunked) {
                return body + contentLength <= end ? new Answer(status, (int) (body + contentLength), close) : null;
            }
            for (int at = body; ; ) { // chunks: a hex size line, that many bytes and CRLF, until size 0 (no trailers)
                int lineEnd = indexOf(bytes, at, end, "\r\n");
                if (lineEnd < 0) {
                    return null;
                }
                String size = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                at = lineEnd + 2 + length + 2;
                if (at > end) {
                    return null;
                }
                if (length == 0) {
                    return new Answer(status, at, close);
                }
            }
        }

        private static int indexOf(byte[] bytes, int from, int end, String ascii) {
            outer:
            for (int i = from; i + ascii.length() <= end; i++) {
                for (int j = 0; j < ascii.length(); j++) {
                    if (bytes[i + j] != ascii.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
