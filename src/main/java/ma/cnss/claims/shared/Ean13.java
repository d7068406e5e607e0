package ma.cnss.claims.shared;

/** EAN-13 barcodes of medicine boxes (the vignette): 13 digits, the last a GS1 check digit. */
public final class Ean13 {

    private Ean13() {
    }

    public static boolean valid(String code) {
        if (code == null || code.length() != 13) {
            return false;
        }
        for (int i = 0; i < 13; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (code.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return (10 - sum % 10) % 10 == code.charAt(12) - '0';
    }
}
