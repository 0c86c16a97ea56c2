import { describe, expect, it } from 'vitest';
import { type Workspace, workspaceDefaults } from '../../spec/workspace.js';
import { applyWorkspaceDefaults } from './apply-workspace-defaults.js';

const workspace: Workspace = {
  ...workspaceDefaults,
  id: 'w',
  accountId: 'a',
  name: 'W',
  slug: 'w',
  defaultTextModel: 'openai/gpt-4o-mini',
  defaultProviderSort: 'price',
  createdAt: '',
  updatedAt: null,
};

describe('a workspace’s defaults', () => {
  it('fill in the model and the provider sort a request leaves out, and never what it sets', () => {
    expect(applyWorkspaceDefaults({ messages: [] }, workspace)).toEqual({ messages: [], model: 'openai/gpt-4o-mini', provider: { sort: 'price' } });
    expect(applyWorkspaceDefaults({ model: 'x/y', provider: { order: ['a'] } }, workspace)).toEqual({ model: 'x/y', provider: { order: ['a'], sort: 'price' } });
    expect(applyWorkspaceDefaults({ models: ['x/y'], provider: { sort: 'latency' } }, workspace)).toEqual({ models: ['x/y'], provider: { sort: 'latency' } });
    // Not an object: left for the parser to refuse; no workspace: unchanged.
    expect(applyWorkspaceDefaults([1], workspace)).toEqual([1]);
    expect(applyWorkspaceDefaults({ provider: 'cheap' }, workspace)).toEqual({ provider: 'cheap', model: 'openai/gpt-4o-mini' });
    expect(applyWorkspaceDefaults({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});
