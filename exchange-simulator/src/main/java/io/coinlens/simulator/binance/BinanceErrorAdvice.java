package io.coinlens.simulator.binance;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.node.ObjectNode;

/** Binance answers errors with its own body, not RFC 9457 problems. */
@RestControllerAdvice(assignableTypes = {BinanceRestController.class, BinanceAccountController.class})
class BinanceErrorAdvice {

    @ExceptionHandler
    ResponseEntity<ObjectNode> binanceError(BinanceApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                .body(BinanceJson.error(e.code(), e.getMessage()));
    }
}
