/**
 * PLACEHOLDER written by the fabric engineer so the image registry compiles: the EFS engineer owns
 * this file and will overwrite it with the real nfs-ganesha recipe.
 */
import type { ImageRecipe } from '../recipe.ts';

export const efsRecipe: ImageRecipe = {
  name: 'efs',
  packages: ['iproute2', 'iputils-ping', 'procps', 'nfs-ganesha', 'nfs-ganesha-vfs'],
  cmd: ['sleep', 'infinity'],
  description: 'EFS (storageNetApp) endpoint: nfs-ganesha with the VFS FSAL (placeholder recipe)',
};
