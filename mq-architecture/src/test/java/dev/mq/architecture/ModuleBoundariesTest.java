package dev.mq.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.mq.spi.QueueProvider;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The boundaries between the modules, read from their main classes (tests are left out): each
 * module's {@code internal} packages are used only inside that module, no module has a package
 * cycle, {@code mq-api} needs nothing but the JDK and SLF4J, and a provider's internals do not
 * reach back to its public entry class.
 *
 * <p>A module is known here by its root package ({@link #MODULES}); a new module adds its row.
 */
class ModuleBoundariesTest {

  /** Root package of each module's own code; mq-api's packages are {@code dev.mq}'s own. */
  static final List<String> MODULES = List.of(
      "dev.mq.inmemory", "dev.mq.kinesis", "dev.mq.sqs", "dev.mq.tck", "dev.mq.guice",
      "dev.mq.examples", "dev.mq.benchmarks", "dev.mq.observability", "dev.mq.cli");

  /** mq-api's packages. */
  static final String[] API = {"dev.mq", "dev.mq.spi", "dev.mq.internal", "dev.mq.internal.access"};

  private static JavaClasses imported;

  @BeforeAll
  static void importMainClasses() {
    imported = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // test jars of other modules (mq-cli uses the Kinesis emulator harness from one)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.mq");
  }

  @Test
  @DisplayName("a module's internal packages are used by that module only")
  void internalPackagesStayInTheirModule() {
    for (String module : MODULES) {
      check(noClasses().that().resideOutsideOfPackage(module + "..")
          .should().dependOnClassesThat().resideInAPackage(module + ".internal..")
          .because(module + ".internal is not API: other modules use " + module + "'s public packages")
          .allowEmptyShould(true));
    }
    check(noClasses().that().resideOutsideOfPackages(API)
        .should().dependOnClassesThat().resideInAPackage("dev.mq.internal..")
        .because("dev.mq.internal is mq-api's own; providers use dev.mq.spi"));
  }

  @Test
  @DisplayName("no package cycle inside a module")
  void noPackageCycles() {
    for (String module : MODULES) {
      check(slices().matching(module + ".(**)").should().beFreeOfCycles().allowEmptyShould(true));
    }
    // dev.mq itself is left out: the contract names the SPI that MessageQueues loads, and the SPI
    // names the contract's types; that pair is the design.
    slices().matching("dev.mq.(**)").should().beFreeOfCycles()
        .as("mq-api's packages below dev.mq are free of cycles with each other")
        .check(imported.that(resideInAnyPackage("dev.mq.spi..", "dev.mq.internal..")));
  }

  @Test
  @DisplayName("mq-api depends on nothing but the JDK and SLF4J")
  void apiNeedsOnlyTheJdkAndSlf4j() {
    check(noClasses().that().resideInAnyPackage(API)
        .should().dependOnClassesThat(outside(API))
        .because("applications and providers must get the contract without further dependencies"));
  }

  @Test
  @DisplayName("a provider's internal classes do not depend on its public entry class")
  void providerInternalsDoNotUseTheEntryClass() {
    for (String module : MODULES) {
      check(noClasses().that().resideInAPackage(module + ".internal..")
          .should().dependOnClassesThat().implement(QueueProvider.class)
          .because("the entry class is what ServiceLoader finds; internals depend on their settings, not on it")
          .allowEmptyShould(true));
    }
  }

  private static DescribedPredicate<JavaClass> outside(String[] apiPackages) {
    Set<String> api = Set.of(apiPackages);
    return new DescribedPredicate<>("classes outside the JDK, SLF4J and mq-api") {
      @Override
      public boolean test(JavaClass c) {
        JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
        if (base.isPrimitive()) {
          return false;
        }
        String p = base.getPackageName();
        boolean jdk = p.startsWith("java.") || p.startsWith("javax.") || p.startsWith("jdk.");
        boolean slf4j = p.equals("org.slf4j") || p.startsWith("org.slf4j.");
        return !jdk && !slf4j && !api.contains(p);
      }
    };
  }

  private static void check(ArchRule rule) {
    rule.check(imported);
  }
}
