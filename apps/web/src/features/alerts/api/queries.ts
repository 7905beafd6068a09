import type { AlertRuleCreate, AlertRulePatch } from '@freezer/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

const key = (project: string, what: string) => ['alerts', project, what] as const;

export function useAlertRules() {
  const { project } = useProject();
  return useQuery({
    queryKey: key(project, 'rules'),
    queryFn: ({ signal }) => apiClient(project, signal).listAlertRules(),
  });
}

/** Alerts firing now; the header badge and the Alerts page share this one query. */
export function useFiringAlerts() {
  const { project } = useProject();
  return useQuery({
    queryKey: key(project, 'firing'),
    queryFn: ({ signal }) => apiClient(project, signal).firingAlerts(),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useAlertHistory() {
  const { project } = useProject();
  return useQuery({
    queryKey: key(project, 'history'),
    queryFn: ({ signal }) => apiClient(project, signal).alertHistory({ limit: 50 }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

function useRuleMutation<V>(run: (project: string, v: V) => Promise<unknown>) {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => run(project, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['alerts', project] }),
  });
}

export const useCreateAlertRule = () =>
  useRuleMutation((project, rule: AlertRuleCreate) => apiClient(project).createAlertRule(rule));

export const usePatchAlertRule = () =>
  useRuleMutation((project, v: { ruleId: string; patch: AlertRulePatch }) =>
    apiClient(project).patchAlertRule(v.ruleId, v.patch),
  );

export const useDeleteAlertRule = () =>
  useRuleMutation((project, ruleId: string) => apiClient(project).deleteAlertRule(ruleId));
