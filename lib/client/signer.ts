/**
 * Request signing with the AWS SDK's own SigV4 implementation (never a hand-rolled one):
 * `SignatureV4` from @smithy/signature-v4 with the SHA-256 of @aws-crypto/sha256-js, and
 * credentials from the SDK's default provider chain unless given.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
/** Static credentials or a provider, as the SDK's signer accepts them. */
export type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface SignerConfig {
  readonly region: string;
  /** @default 'execute-api' */
  readonly service?: string;
  /** @default the SDK's default credential provider chain */
  readonly credentials?: Credentials;
}

export type Signer = (request: RequestToSign, signingDate?: Date) => Promise<Record<string, string>>;

/** Returns a function that signs a request and gives back the full header set to send. */
export function createSigner(config: SignerConfig): Signer {
  const signer = new SignatureV4({
    service: config.service ?? 'execute-api',
    region: config.region,
    credentials: config.credentials ?? defaultProvider(),
    sha256: Sha256,
    // execute-api does not need x-amz-content-sha256; the body hash is still in the signature.
    applyChecksum: false,
  });
  return async (req, signingDate) => {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of req.url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const request = new HttpRequest({
      method: req.method,
      protocol: req.url.protocol,
      hostname: req.url.hostname,
      ...(req.url.port ? { port: Number(req.url.port) } : {}),
      path: req.url.pathname,
      query,
      // `host` is signed; it must be exactly what the HTTP client will send.
      headers: { ...req.headers, host: req.url.host },
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const signed = await signer.sign(request, signingDate ? { signingDate } : {});
    return { ...(signed.headers as Record<string, string>) };
  };
}
