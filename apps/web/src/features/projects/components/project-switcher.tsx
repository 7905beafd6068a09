import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DEFAULT_PROJECT, useProject } from '../../../lib/project';
import { useProjects } from '../api/queries';

/** Header project switcher: the projects that hold data, plus the current one and a free entry. */
export function ProjectSwitcher() {
  const { project, setProject } = useProject();
  const projects = useProjects();
  const queryClient = useQueryClient();
  const [custom, setCustom] = useState('');
  const options = Array.from(new Set([DEFAULT_PROJECT, project, ...(projects.data ?? [])])).sort();
  const choose = (p: string) => {
    if (!p || p === project) return;
    setProject(p);
    void queryClient.invalidateQueries();
  };
  return (
    <div className="project-switcher">
      <label htmlFor="project-switcher">Project</label>
      <select id="project-switcher" value={project} onChange={(e) => choose(e.target.value)}>
        {options.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
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
    </div>
  );
}
