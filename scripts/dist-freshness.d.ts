// Types of dist-freshness.js (plain JavaScript so the CLI can ask without loading the type stripper).
export declare const INPUT_DIRS: string[];
export declare const INPUT_FILES: string[];
export declare const STAMP: string;
export declare function distIsFresh(root?: string): boolean;
