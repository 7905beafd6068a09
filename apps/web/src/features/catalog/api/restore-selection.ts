import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CatalogRestoreRequest, CatalogRestoreResult } from '@freezer/schema';
import { apiClient } from '../../../lib/api';
import { useProject } from '../../../lib/project';

export function restoreSelection(
  project: string,
  backupId: string,
  req: CatalogRestoreRequest,
): Promise<CatalogRestoreResult> {
  return apiClient(project).restoreSelection(backupId, req);
}

/** Creates (and starts) the restore job for a selection of one point. */
export function useRestoreSelection() {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { backupId: string; req: CatalogRestoreRequest }) =>
      restoreSelection(project, v.backupId, v.req),
    onSuccess: () => qc.invalidateQueries({ queryKey: [project, 'jobs'] }),
  });
}
