import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A webhook receiver for trying Coinlens alerts locally, with the JDK alone:
 * {@code java devstack/tools/WebhookReceiver.java 9099 <secret> [deliveries] [seconds]}. Register
 * {@code http://127.0.0.1:9099/hook} as a webhook (the local run allows loopback); each POST's
 * {@code Coinlens-Signature} is checked as a receiver should check it (HMAC-SHA256 of {@code "<t>.<body>"} with the
 * webhook's secret, compared in constant time, {@code t} no older than five minutes) and the delivery is printed.
 * Exits 0 after that many good deliveries, 1 on a bad signature or when the time is up.
 */
public class WebhookReceiver {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 120;
        CountDownLatch good = new CountDownLatch(wanted);
        AtomicBoolean forged = new AtomicBoolean();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String header = exchange.getRequestHeaders().getFirst("Coinlens-Signature");
            boolean valid = verify(header, body, secret);
            System.out.println((valid ? "delivery " : "BAD SIGNATURE ")
                    + exchange.getRequestHeaders().getFirst("Coinlens-Event-Id") + " "
                    + new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(valid ? 200 : 401, -1);
            exchange.close();
            if (valid) {
                good.countDown();
            } else {
                forged.set(true);
                good.countDown();
            }
        });
        server.start();
        boolean done = good.await(seconds, TimeUnit.SECONDS);
        server.stop(0);
        if (!done) {
            System.out.println("did not receive " + wanted + " deliveries within " + seconds + " s");
        }
        System.exit(done && !forged.get() ? 0 : 1);
    }

    static boolean verify(String header, byte[] body, byte[] secret) {
        if (header == null || !header.startsWith("t=") || !header.contains(",v1=")) {
            return false;
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf(",v1=") + 4);
        if (!t.matches("[0-9]{1,12}") || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
