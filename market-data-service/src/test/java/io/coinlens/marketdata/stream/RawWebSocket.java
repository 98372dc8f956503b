package io.coinlens.marketdata.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for a client that stops reading: it completes the handshake, sends text
 * frames, and reads only when told to. Its receive buffer is small, so the server's writes back up soon.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawWebSocket connect(int port, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String headers = ws.readHeaders();
        if (!headers.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + headers);
        }
        return ws;
    }

    /** One masked text frame, as a client must send. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next text frame's payload (control frames skipped). */
    public String readText() throws IOException {
        while (true) {
            int b0 = readByte();
            byte[] payload = readPayload();
            if ((b0 & 0x0f) == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads everything the server sent until it closes the connection; returns the close code it sent, or -1 if
     * the connection ended without a close frame.
     */
    public int drainUntilClosed() throws IOException {
        int closeCode = -1;
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return closeCode;
            }
            byte[] payload = readPayload();
            if ((b0 & 0x0f) == 0x8 && payload.length >= 2) {
                closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            }
        }
    }

    private byte[] readPayload() throws IOException {
        int b1 = readByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        return in.readNBytes((int) length);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection ended inside a frame");
        }
        return b;
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended during the handshake: " + headers);
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
