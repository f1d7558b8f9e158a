package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's BadInput behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class BadInputContract extends ContractSupport {

}
