/** Status vocabularies of vrackservices.json, shared by the simulator's records and the client's models. */
export type ResourceStatus = 'CREATING' | 'DELETING' | 'ERROR' | 'READY' | 'UPDATING';
export type TaskStatus = 'DONE' | 'ERROR' | 'PENDING' | 'RUNNING' | 'SCHEDULED';
