package ma.cnss.claims.intake;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A CSV claim file as a {@link ClaimSource}: streamed, one claim in memory at a time. */
final class CsvClaimSource implements ClaimSource {

    private final CsvClaimFileReader reader;

    CsvClaimSource(InputStream input, long maxRows) {
        this.reader = new CsvClaimFileReader(input, maxRows);
    }

    @Override
    public ReceivedClaim next() {
        List<ClaimRow> rows = reader.nextClaimRows();
        return rows == null ? null : ClaimFieldsParser.parse(rows);
    }

    @Override
    public long rowsRead() {
        return reader.rowsRead();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
