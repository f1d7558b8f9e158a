package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's AppRole behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class AppRoleContract extends ContractSupport {

}
