import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Subscribes to one stream of the Coinlens stream API and prints the first messages, as a user would see them.
 * Run with the JDK alone: {@code java devstack/tools/StreamCheck.java ws://localhost:8080/ws btc-usdt@trade 3}.
 * Exits 0 once it has received that many messages of the stream, 1 if it did not within the timeout (a fourth
 * argument, in seconds; 60 by default).
 */
public class StreamCheck {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "ws://localhost:8080/ws";
        String stream = args.length > 1 ? args[1] : "btc-usdt@trade";
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int timeoutSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        CountDownLatch received = new CountDownLatch(wanted);
        StringBuilder partial = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String message = partial.toString();
                            partial.setLength(0);
                            if (received.getCount() > 0) {
                                System.out.println(message);
                            }
                            if (message.startsWith("{\"stream\":\"" + stream + "\"")) {
                                received.countDown();
                            }
                        }
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
                        System.out.println("closed: " + status + " " + reason);
                        return null;
                    }
                }).join();
        socket.sendText("{\"method\":\"SUBSCRIBE\",\"params\":[\"" + stream + "\"],\"id\":1}", true).join();
        boolean ok = received.await(timeoutSeconds, TimeUnit.SECONDS);
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null).join();
        }
        if (!ok) {
            System.out.println("did not receive " + wanted + " messages of " + stream + " within " + timeoutSeconds + " s");
        }
        System.exit(ok ? 0 : 1);
    }
}
