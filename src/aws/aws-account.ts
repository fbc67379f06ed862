// The account id of the credentials in use, for when no role ARN input names it (mode plan, destroy
// or sweep without role-arn). STS GetCallerIdentity needs no IAM permission: any credentials may call it.
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export async function callerAccount(sts: STSClient): Promise<string | undefined> {
  return (await sts.send(new GetCallerIdentityCommand({}))).Account || undefined;
}
