package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * One trade as the exchange reported it. Topic {@code market.trades.v1}, key {@code exchange:symbol}.
 *
 * @param tradeId    the exchange's trade id, strictly increasing per (exchange, symbol)
 * @param buyerMaker true when the buyer was the maker, i.e. the trade was a sell into the bid
 * @param tradeTime  when the exchange matched it, epoch ms
 * @param receivedAt when Coinlens received it, epoch ms
 */
public record TradeRecorded(
        String exchange,
        String symbol,
        @JsonProperty(required = true) long tradeId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
        @JsonProperty(required = true) boolean buyerMaker,
        @JsonProperty(required = true) long tradeTime,
        @JsonProperty(required = true) long receivedAt) implements CoinlensEvent {

    @Override
    public String key() {
        return exchange + ":" + symbol;
    }

    @Override
    public List<String> violations() {
        return new Violations()
                .notBlank("exchange", exchange)
                .symbol("symbol", symbol)
                .notNegative("tradeId", tradeId)
                .positive("price", price)
                .positive("quantity", quantity)
                .epochMillis("tradeTime", tradeTime)
                .epochMillis("receivedAt", receivedAt)
                .list();
    }
}
