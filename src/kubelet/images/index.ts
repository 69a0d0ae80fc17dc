// Images without a registry: build from a directory (umoci), import into containerd (ctr), built-ins.
export { buildImage, referenceTag, type BuildImageOptions, type ImageConfig } from './build.js';
export { importImage, removeStrayImportRefs, repositoryOf, CRI_NAMESPACE, type ImportImageOptions } from './import.js';
export {
  PAUSE_IMAGE,
  BUSYBOX_IMAGE,
  BUSYBOX_LATEST_IMAGE,
  BUILTIN_RECIPES,
  BUSYBOX_RECIPE,
  PAUSE_RECIPE,
  builtinArchive,
  defaultImageCacheDir,
  ensureBuiltinImages,
  type BuiltinRecipe,
  type EnsureImagesOptions,
} from './builtin.js';
