/** Where a lab's web page is served, in a file of its own: `vracklab status` prints it without loading the web server. */
export const WEB_PATH = '/lab/ui/';
