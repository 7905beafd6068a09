import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const STORAGE_KEY = 'freezer.project';
export const DEFAULT_PROJECT = 'default';

interface ProjectState {
  project: string;
  setProject: (p: string) => void;
}

const ProjectContext = createContext<ProjectState | null>(null);

function initialProject(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) || DEFAULT_PROJECT;
  } catch {
    return DEFAULT_PROJECT;
  }
}

export function ProjectProvider({ children, initial }: { children: ReactNode; initial?: string }) {
  const [project, setState] = useState(() => initial ?? initialProject());
  const setProject = useCallback((p: string) => {
    setState(p);
    try {
      window.localStorage.setItem(STORAGE_KEY, p);
    } catch {
      // private mode: the choice just does not survive a reload
    }
  }, []);
  const value = useMemo(() => ({ project, setProject }), [project, setProject]);
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>;
}

export function useProject(): ProjectState {
  const ctx = useContext(ProjectContext);
  if (!ctx) throw new Error('useProject outside ProjectProvider');
  return ctx;
}
