package io.coinlens.simulator.binance;

import org.springframework.http.HttpStatus;

/** A Binance error answer: HTTP status plus Binance's {@code {"code":…,"msg":…}} body. */
class BinanceApiException extends RuntimeException {

    private final HttpStatus status;
    private final int code;

    BinanceApiException(HttpStatus status, int code, String msg) {
        super(msg);
        this.status = status;
        this.code = code;
    }

    static BinanceApiException badRequest(int code, String msg) {
        return new BinanceApiException(HttpStatus.BAD_REQUEST, code, msg);
    }

    static BinanceApiException invalidSymbol() {
        return badRequest(-1121, "Invalid symbol.");
    }

    static BinanceApiException mandatory(String parameter) {
        return badRequest(-1102, "Mandatory parameter '" + parameter + "' was not sent, was empty/null, or malformed.");
    }

    static BinanceApiException illegalCharacters(String parameter, String legalRange) {
        return badRequest(-1100, "Illegal characters found in parameter '" + parameter + "'; legal range is '"
                + legalRange + "'.");
    }

    static BinanceApiException notValid(String parameter) {
        return badRequest(-1130, "Data sent for parameter '" + parameter + "' is not valid.");
    }

    HttpStatus status() {
        return status;
    }

    int code() {
        return code;
    }
}
