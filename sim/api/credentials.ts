/** Dev credentials the simulator accepts by default; every one can be overridden. */
export interface DevCredentials {
  oauth2ClientId: string;
  oauth2ClientSecret: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

export const DEV_CREDENTIALS: Readonly<DevCredentials> = {
  oauth2ClientId: 'vracklab',
  oauth2ClientSecret: 'vracklab-secret',
  applicationKey: 'vracklab-ak',
  applicationSecret: 'vracklab-as',
  consumerKey: 'vracklab-ck',
};
