package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's SpringVaultCompatibility behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class SpringVaultCompatibilityContract extends ContractSupport {

}
