package dev.mq.kinesis.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The provider's packages depend one way: the broker ({@code internal}) on the engines
 * ({@code consumer}, {@code producer}, {@code fanout}), those on the stores and codec
 * ({@code lease}, {@code checkpoint}, {@code codec}), and everything on {@code config}; never
 * back; no cycle between any two of the provider's packages; and the public SPI package
 * {@code dev.mq.kinesis.checkpoint} never names an internal type (what a built-in store can do
 * beyond the SPI is said by {@code CheckpointStores.open}, not by the public interface).
 */
class PackageDependenciesTest {

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.mq.kinesis");

  @Test
  void internalPackagesAreFreeOfCycles() {
    slices().matching("dev.mq.kinesis.internal.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void noPackageOfTheProviderIsInACycle() {
    slices().matching("dev.mq.kinesis.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void thePublicCheckpointSpiNamesNoInternalType() {
    noClasses().that().resideInAPackage("dev.mq.kinesis.checkpoint")
        .should().dependOnClassesThat().resideInAPackage("dev.mq.kinesis.internal..")
        .check(MAIN);
  }

  @Test
  void packagesDependDownwardOnly() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Broker").definedBy("dev.mq.kinesis", "dev.mq.kinesis.internal")
        .layer("Engines").definedBy("dev.mq.kinesis.internal.consumer..",
            "dev.mq.kinesis.internal.producer..", "dev.mq.kinesis.internal.fanout..")
        .layer("Stores").definedBy("dev.mq.kinesis.internal.lease..",
            "dev.mq.kinesis.internal.checkpoint..", "dev.mq.kinesis.internal.codec..",
            "dev.mq.kinesis.internal.kcl..")
        .layer("Config").definedBy("dev.mq.kinesis.internal.config..")
        .whereLayer("Broker").mayNotBeAccessedByAnyLayer()
        .whereLayer("Engines").mayOnlyBeAccessedByLayers("Broker")
        .whereLayer("Stores").mayOnlyBeAccessedByLayers("Broker", "Engines")
        .whereLayer("Config").mayOnlyBeAccessedByLayers("Broker", "Engines", "Stores")
        .check(MAIN);
  }
}
