/**
 * An image is built from Debian packages only (`mmdebstrap … | docker import`), so it works with no
 * image registry. The tag carries a content hash of the recipe: same recipe, same image, no rebuild.
 */
export interface ImageRecipe {
  /** Short name: `host`, `efs`. The image is tagged `vracklab/<name>:<hash>`. */
  name: string;
  /** Debian 12 packages to install (mmdebstrap --include). */
  packages: readonly string[];
  /** Shell lines run inside the new root after install (mmdebstrap --customize-hook 'chroot "$1" sh -c …'). */
  customize?: readonly string[];
  /** The command a container of this image runs when nothing else is asked (kept alive for exec). */
  cmd: readonly string[];
  /** One line for `vracklab doctor` and `vracklab images list`. */
  description: string;
}
