package ma.cnss.claims.shared;

/**
 * ICD-10 ranges as written in the ALD list ({@code E10-E14}, {@code K70.3;K74}, {@code N18;Z49;Z99.2}): whether a
 * code falls inside. A 3-character bound covers all its sub-codes.
 */
public final class AldRanges {

    /** Each list of ranges split once: flagging asks for every diagnosis of every claim against the 41 groups. */
    private static final java.util.Map<String, String[]> SPLIT = new java.util.concurrent.ConcurrentHashMap<>();

    private AldRanges() {
    }

    public static boolean covers(String ranges, String code) {
        for (String range : SPLIT.computeIfAbsent(ranges, AldRanges::split)) {
            int dash = range.indexOf('-');
            if (dash < 0) {
                if (code.equals(range) || code.startsWith(range + ".") || (range.length() == 3 && code.startsWith(range))) {
                    return true;
                }
            } else {
                String low = range.substring(0, dash);
                String high = range.substring(dash + 1);
                String category = code.length() >= 3 ? code.substring(0, 3) : code;
                if (category.compareTo(low.substring(0, 3)) >= 0 && category.compareTo(high.substring(0, 3)) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String[] split(String ranges) {
        return java.util.Arrays.stream(ranges.split(";")).map(String::trim).filter(r -> !r.isEmpty())
                .toArray(String[]::new);
    }
}
