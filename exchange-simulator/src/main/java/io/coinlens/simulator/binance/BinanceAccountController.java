package io.coinlens.simulator.binance;

import io.coinlens.simulator.account.SpotAccount;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.SymbolInfo;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Binance's USER_DATA endpoints {@code /api/v3/account} and {@code /api/v3/myTrades}, for the simulator's one
 * {@link SpotAccount}: {@code X-MBX-APIKEY}, {@code timestamp} within {@code recvWindow}, and an HMAC-SHA256
 * {@code signature} of the query string, checked the way Binance does, with its error codes.
 */
@RestController
@RequestMapping(path = "/api/v3", produces = MediaType.APPLICATION_JSON_VALUE)
class BinanceAccountController {

    static final long DEFAULT_RECV_WINDOW = 5_000;
    static final long MAX_RECV_WINDOW = 60_000;

    private final Market market;
    private final SpotAccount account;

    BinanceAccountController(Market market, SpotAccount account) {
        this.market = market;
        this.account = account;
    }

    @GetMapping("/account")
    ObjectNode account(ServerHttpRequest request, @RequestParam Map<String, String> params) {
        authenticate(request, params);
        ObjectNode n = BinanceJson.MAPPER.createObjectNode();
        n.put("makerCommission", 10).put("takerCommission", 10).put("buyerCommission", 0).put("sellerCommission", 0);
        n.putObject("commissionRates").put("maker", "0.00100000").put("taker", "0.00100000")
                .put("buyer", "0.00000000").put("seller", "0.00000000");
        n.put("canTrade", true).put("canWithdraw", true).put("canDeposit", true).put("brokered", false)
                .put("requireSelfTradePrevention", false).put("preventSor", false)
                .put("updateTime", account.updateTime()).put("accountType", "SPOT");
        ArrayNode balances = n.putArray("balances");
        account.balances().forEach((asset, free) -> balances.addObject().put("asset", asset)
                .put("free", BinanceJson.decimal(free.setScale(8, java.math.RoundingMode.DOWN)))
                .put("locked", "0.00000000"));
        n.putArray("permissions").add("SPOT");
        n.put("uid", 354937868L);
        return n;
    }

    @GetMapping("/myTrades")
    ArrayNode myTrades(ServerHttpRequest request, @RequestParam Map<String, String> params) {
        authenticate(request, params);
        String symbol = params.get("symbol");
        if (symbol == null || symbol.isEmpty()) {
            throw BinanceApiException.mandatory("symbol");
        }
        SymbolInfo info = market.info(symbol).orElseThrow(BinanceApiException::invalidSymbol);
        Long fromId = BinanceRestController.number(params, "fromId");
        Long start = BinanceRestController.number(params, "startTime");
        Long end = BinanceRestController.number(params, "endTime");
        if (fromId != null && (start != null || end != null)) {
            throw BinanceApiException.badRequest(-1106, "Parameter 'fromId' sent when not required.");
        }
        ArrayNode rows = BinanceJson.MAPPER.createArrayNode();
        for (SpotAccount.Fill f : account.fills(info.symbol(), fromId, start, end, BinanceRestController.limit(params))) {
            rows.addObject().put("symbol", f.symbol()).put("id", f.id()).put("orderId", f.orderId())
                    .put("orderListId", -1).put("price", BinanceJson.decimal(f.price()))
                    .put("qty", BinanceJson.decimal(f.qty())).put("quoteQty", BinanceJson.decimal(f.quoteQty()))
                    .put("commission", BinanceJson.decimal(f.commission())).put("commissionAsset", f.commissionAsset())
                    .put("time", f.time()).put("isBuyer", f.buyer()).put("isMaker", f.maker()).put("isBestMatch", true);
        }
        return rows;
    }

    private void authenticate(ServerHttpRequest request, Map<String, String> params) {
        String key = request.getHeaders().getFirst("X-MBX-APIKEY");
        if (key == null || key.isBlank()) {
            throw new BinanceApiException(HttpStatus.UNAUTHORIZED, -2014, "API-key format invalid.");
        }
        if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                account.settings().apiKey().getBytes(StandardCharsets.UTF_8))) {
            throw new BinanceApiException(HttpStatus.UNAUTHORIZED, -2015,
                    "Invalid API-key, IP, or permissions for action.");
        }
        Long timestamp = BinanceRestController.number(params, "timestamp");
        if (timestamp == null) {
            throw BinanceApiException.mandatory("timestamp");
        }
        Long recvWindow = BinanceRestController.number(params, "recvWindow");
        long window = recvWindow == null ? DEFAULT_RECV_WINDOW : recvWindow;
        if (window > MAX_RECV_WINDOW) {
            throw BinanceApiException.badRequest(-1131, "recvWindow must be less than 60000");
        }
        long now = market.feed().now();
        if (timestamp < now - window || timestamp > now + 1_000) {
            throw BinanceApiException.badRequest(-1021, "Timestamp for this request is outside of the recvWindow.");
        }
        String signature = params.get("signature");
        String signed = unsignedQuery(request.getURI().getRawQuery());
        if (signature == null || !MessageDigest.isEqual(signature.toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII), hmacHex(account.settings().apiSecret(), signed)
                .getBytes(StandardCharsets.US_ASCII))) {
            throw BinanceApiException.badRequest(-1022, "Signature for this request is not valid.");
        }
    }

    /** The query string as the client signed it: everything but the {@code signature} parameter, in order. */
    static String unsignedQuery(String rawQuery) {
        if (rawQuery == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            if (!pair.startsWith("signature=")) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return kept.toString();
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
