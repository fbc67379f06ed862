// What never belongs in a deployed artifact. Two rules: data files keep everything but version
// control files; the Python library zip also drops caches and OS litter.

const VCS_DIRS = new Set(['.git', '.svn', '.hg', '.bzr', 'CVS']);
const VCS_FILES = new Set(['.git', '.gitignore', '.gitattributes', '.gitkeep', '.gitmodules', '.hgignore']);

const PY_JUNK_DIRS = new Set([
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
]);
const OS_JUNK_FILES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Version-control files and folders (the only thing left out of data uploads). */
export function isVcsJunk(name: string, isDir: boolean): boolean {
  return isDir ? VCS_DIRS.has(name) : VCS_FILES.has(name);
}

/** VCS files, Python caches and bytecode, editor/OS litter (left out of the library zip). */
export function isPythonJunk(name: string, isDir: boolean): boolean {
  if (isVcsJunk(name, isDir)) return true;
  if (isDir) return PY_JUNK_DIRS.has(name);
  return (
    OS_JUNK_FILES.has(name) ||
    name.endsWith('.pyc') ||
    name.endsWith('.pyo') ||
    name.startsWith('._') || // macOS resource forks
    name.endsWith('~') ||
    name.endsWith('.swp')
  );
}
