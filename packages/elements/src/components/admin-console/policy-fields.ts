/**
 * The policy as a form changes it: a field left at the value that applies now leaves the policy as it was (absent
 * stays absent), so that saving a title of an exam in use does not look like a policy change to the server
 * (EXAM_IN_USE compares the policies as given).
 */
import type { AdminPolicy } from '@examroom/core';

export function withPolicyChanges(current: AdminPolicy, applies: Required<AdminPolicy>, entered: Partial<AdminPolicy>): AdminPolicy {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(entered) as [keyof AdminPolicy, AdminPolicy[keyof AdminPolicy]][]) {
    if (value === undefined || value === applies[key]) continue;
    next[key] = value;
  }
  return next as AdminPolicy;
}
