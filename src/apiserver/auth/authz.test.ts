// The RBAC authorizer's rule cache: with a source that reports a revision, rules are collected once
// per user and namespace and collected again after any RBAC change; without one, never cached.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { RbacAuthorizer, type AuthzAttributes, type RbacSource } from './authz.js';

class Source implements RbacSource {
  crs = new Map<string, KubeObject>();
  crbs: KubeObject[] = [];
  rbs = new Map<string, KubeObject[]>();
  rev = 1;
  bindingScans = 0;
  withRevision = true;

  clusterRoles(): KubeObject[] {
    return [...this.crs.values()];
  }
  clusterRoleBindings(): KubeObject[] {
    this.bindingScans++;
    return this.crbs;
  }
  roles(): KubeObject[] {
    return [];
  }
  roleBindings(ns: string): KubeObject[] {
    return this.rbs.get(ns) ?? [];
  }
  clusterRole(name: string): KubeObject | undefined {
    return this.crs.get(name);
  }
  role(): KubeObject | undefined {
    return undefined;
  }
  get revision(): (() => number) | undefined {
    return this.withRevision ? () => this.rev : undefined;
  }
}

const podReader: KubeObject = { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] };
const bind = (name: string, subject: Record<string, string>): KubeObject => ({ metadata: { name }, roleRef: { kind: 'ClusterRole', name: 'pod-reader' }, subjects: [subject] });
const alice = { username: 'alice', groups: ['system:authenticated'] };
const getPod = (user: AuthzAttributes['user'], namespace = 'default'): AuthzAttributes => ({ user, verb: 'get', resourceRequest: true, apiGroup: '', resource: 'pods', subresource: '', namespace, name: 'p', path: '' });

describe('RbacAuthorizer rule cache', () => {
  it('collects the rules of a user and namespace once while nothing changes', () => {
    const src = new Source();
    src.crs.set('pod-reader', podReader);
    src.crbs = [bind('alice', { kind: 'User', name: 'alice' })];
    const authz = new RbacAuthorizer(src);
    for (let i = 0; i < 5; i++) assert.equal(authz.authorize(getPod(alice)).allowed, true);
    assert.equal(src.bindingScans, 1);
    authz.authorize(getPod(alice, 'other'));
    assert.equal(src.bindingScans, 2, 'another namespace is another entry');
    assert.throws(() => authz.rulesFor(alice, 'default').push({ verbs: ['*'] }), 'the cached rules cannot be changed');
  });

  it('sees a new binding, a changed role and a removed binding once the revision moves', () => {
    const src = new Source();
    src.crs.set('pod-reader', podReader);
    const authz = new RbacAuthorizer(src);
    assert.equal(authz.authorize(getPod(alice)).allowed, false);
    src.crbs = [bind('alice', { kind: 'User', name: 'alice' })];
    assert.equal(authz.authorize(getPod(alice)).allowed, false, 'same revision: the cached answer');
    src.rev++;
    assert.equal(authz.authorize(getPod(alice)).allowed, true);
    src.crs.set('pod-reader', { ...podReader, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] });
    src.rev++;
    assert.equal(authz.authorize(getPod(alice)).allowed, false);
    src.crs.set('pod-reader', podReader);
    src.rbs.set('default', []);
    src.crbs = [];
    src.rev++;
    assert.equal(authz.authorize(getPod(alice)).allowed, false);
  });

  it('keys on the groups too, so the same name with other groups is judged again', () => {
    const src = new Source();
    src.crs.set('pod-reader', podReader);
    src.crbs = [bind('readers', { kind: 'Group', name: 'readers' })];
    const authz = new RbacAuthorizer(src);
    assert.equal(authz.authorize(getPod(alice)).allowed, false);
    assert.equal(authz.authorize(getPod({ username: 'alice', groups: ['readers', 'system:authenticated'] })).allowed, true);
    assert.equal(authz.authorize(getPod(alice)).allowed, false);
  });

  it('reads namespaced bindings through the cache as well', () => {
    const src = new Source();
    src.crs.set('pod-reader', podReader);
    src.rbs.set('team', [{ ...bind('alice', { kind: 'User', name: 'alice' }), metadata: { name: 'alice', namespace: 'team' } }]);
    const authz = new RbacAuthorizer(src);
    assert.equal(authz.authorize(getPod(alice, 'team')).allowed, true);
    assert.equal(authz.authorize(getPod(alice, 'default')).allowed, false);
  });

  it('caches nothing when the source has no revision', () => {
    const src = new Source();
    src.withRevision = false;
    src.crs.set('pod-reader', podReader);
    const authz = new RbacAuthorizer(src);
    assert.equal(authz.authorize(getPod(alice)).allowed, false);
    src.crbs = [bind('alice', { kind: 'User', name: 'alice' })];
    assert.equal(authz.authorize(getPod(alice)).allowed, true);
    assert.equal(src.bindingScans, 2);
  });

  it('lets system:masters through without looking at any binding', () => {
    const src = new Source();
    const authz = new RbacAuthorizer(src);
    assert.equal(authz.authorize(getPod({ username: 'admin', groups: ['system:masters'] })).allowed, true);
    assert.equal(src.bindingScans, 0);
  });
});
