// The ResourceQuota admission plugin and its wiring to the apiserver's stores.
export { resourceQuotaAdmission, checkRequest, type QuotaAccess, type ResourceQuotaOptions } from './admission.js';
export { storeQuotaAccess } from './access.js';
