import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DEFAULT_PROJECT, useProject } from '../../../lib/project';
import { useCurrentUser } from '../../auth/api/session';
import { useProjects } from '../api/queries';
import { switcherOptions } from '../api/switcher-options';

/**
 * Header project switcher. Without auth: the projects that hold data, the current one and a free
 * entry. With auth: the user's own projects with their role (a global admin keeps the free entry).
 */
export function ProjectSwitcher() {
  const { project, setProject } = useProject();
  const projects = useProjects();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [custom, setCustom] = useState('');
  const options = switcherOptions({
    user,
    current: project,
    known: projects.data ?? [],
    fallback: DEFAULT_PROJECT,
  });
  const choose = (p: string) => {
    if (!p || p === project) return;
    setProject(p);
    void queryClient.invalidateQueries();
  };
  return (
    <div className="project-switcher">
      <label htmlFor="project-switcher">Project</label>
      <select id="project-switcher" value={project} onChange={(e) => choose(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {user && !user.is_admin ? null : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            choose(custom.trim());
            setCustom('');
          }}
        >
          <input
            aria-label="Other project id"
            placeholder="other project…"
            value={custom}
            pattern="[\w\-]+"
            onChange={(e) => setCustom(e.target.value)}
          />
        </form>
      )}
    </div>
  );
}
