/** A file of a multipart form (gateway/lifecycle/form-body.ts reads forms): its name, declared type and bytes. */
export class FormFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}
