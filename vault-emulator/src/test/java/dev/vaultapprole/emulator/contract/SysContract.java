package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's Sys behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class SysContract extends ContractSupport {

}
