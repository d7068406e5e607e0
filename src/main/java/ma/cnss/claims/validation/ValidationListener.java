package ma.cnss.claims.validation;

import java.util.Map;

/** Told after each committed validation batch; metrics implement it. */
public interface ValidationListener {

    /**
     * @param outcomes  claims decided, by "regime|outcome"
     * @param reasons   claims refused or cut, by "regime|first reason"
     */
    void claimsValidated(Map<String, Long> outcomes, Map<String, Long> reasons);
}
