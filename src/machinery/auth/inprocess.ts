/**
 * Marks a request that came through the in-process transport: its value is the caller's UserInfo,
 * which the apiserver's authenticator accepts (only the in-process transport's own server sets it).
 */
export const IN_PROCESS_USER = Symbol('kts.inProcessUser');
