package ma.cnss.claims;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Camel stays at the edge: only the camel package (and the YAML routes) know about exchanges. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ma.cnss.claims");

    @Test
    void onlyTheCamelPackageImportsCamel() {
        noClasses().that().resideOutsideOfPackage("ma.cnss.claims.camel..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(classes);
    }

    @Test
    void domainStagesDoNotDependOnSpringWeb() {
        noClasses().that().resideInAnyPackage("ma.cnss.claims.intake..", "ma.cnss.claims.shared..",
                        "ma.cnss.claims.generator..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.web..")
                .check(classes);
    }
}
