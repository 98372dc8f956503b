package io.coinlens.portfolio.transaction;

import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.ApiProblem.RowProblem;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Transactions as CSV. Export writes {@link #COLUMNS}; import needs a header naming at least executedAt, type, asset
 * and quantity (any order, any case) and ignores other columns, so an export can be imported into another portfolio.
 */
final class TransactionCsv {

    static final List<String> COLUMNS = List.of("id", "executedAt", "type", "asset", "quantity", "price", "fee",
            "transferId", "note");
    private static final List<String> REQUIRED = List.of("executedat", "type", "asset", "quantity");

    private TransactionCsv() {
    }

    static String header() {
        return String.join(",", COLUMNS) + "\r\n";
    }

    static String row(Transaction t) {
        List<String> fields = List.of(t.id().toString(), t.executedAt().toString(), t.type().name(), t.asset(),
                t.quantity().toPlainString(), t.price() == null ? "" : t.price().toPlainString(),
                t.fee().toPlainString(), t.transferId() == null ? "" : t.transferId().toString(),
                t.note() == null ? "" : t.note());
        return String.join(",", fields.stream().map(Csv::field).toList()) + "\r\n";
    }

    /**
     * The rows read, null where a row could not be read, and what was wrong with those; the structure of the file
     * itself (no header, not CSV) fails at once with 400.
     */
    record Parsed(List<NewTransaction> rows, List<RowProblem> problems) {
    }

    static Parsed parse(String text, int maxRows) {
        List<List<String>> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.MalformedCsvException e) {
            throw ApiProblem.invalidRows(List.of(new RowProblem(e.record, null, e.getMessage())));
        }
        if (records.isEmpty()) {
            throw ApiProblem.invalidRows(List.of(new RowProblem(1, null,
                    "the CSV is empty; it needs a header: executedAt,type,asset,quantity,price,fee,note")));
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0);
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        List<RowProblem> problems = new ArrayList<>();
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                problems.add(new RowProblem(1, required, "the header has no column " + required));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidRows(problems);
        }
        if (records.size() - 1 > maxRows) {
            throw ApiProblem.invalidRows(List.of(new RowProblem(maxRows + 2, null,
                    "an import may have at most " + maxRows + " rows")));
        }
        List<NewTransaction> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            int rowNumber = r + 1;
            if (record.size() != header.size()) {
                problems.add(new RowProblem(rowNumber, null, "has " + record.size() + " fields, the header "
                        + header.size()));
                rows.add(null);
                continue;
            }
            int before = problems.size();
            BigDecimal quantity = decimal(record, columns, "quantity", rowNumber, problems);
            BigDecimal price = decimal(record, columns, "price", rowNumber, problems);
            BigDecimal fee = decimal(record, columns, "fee", rowNumber, problems);
            Instant executedAt = null;
            String time = value(record, columns, "executedat");
            if (time != null) {
                try {
                    executedAt = Instant.parse(time);
                } catch (DateTimeParseException e) {
                    problems.add(new RowProblem(rowNumber, "executedAt", "must be an ISO-8601 instant such as "
                            + "2026-01-31T12:00:00Z"));
                }
            }
            if (problems.size() == before) {
                String type = value(record, columns, "type");
                rows.add(new NewTransaction(type == null ? null : type.toUpperCase(Locale.ROOT),
                        value(record, columns, "asset"), quantity, price, fee, executedAt, null,
                        value(record, columns, "note")));
            } else {
                rows.add(null);
            }
        }
        return new Parsed(rows, problems);
    }

    private static String value(List<String> record, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    private static BigDecimal decimal(List<String> record, Map<String, Integer> columns, String name, int row,
            List<RowProblem> problems) {
        String value = value(record, columns, name);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            problems.add(new RowProblem(row, name, "'" + abbreviate(value) + "' is not a decimal number"));
            return null;
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
