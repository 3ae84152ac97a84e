import { DomainError } from "@/lib/core/domain-error";
/**
 * The one error type of upload parsing. Its message always names the file and, when the
 * problem sits on a particular line, that 1-based line as an editor shows it, so an admin
 * can open the file and fix it.
 */
export class IngestError extends DomainError {
  /** The uploaded file's name, as given by the uploader. */
  readonly file: string;
  /** 1-based physical line of the problem, when there is one. */
  readonly line?: number;

  /**
   * @param file the uploaded file's name
   * @param detail what is wrong and what to do about it
   * @param line 1-based physical line of the problem, if any
   */
  constructor(file: string, detail: string, line?: number) {
    super("invalid", line === undefined ? `${file}: ${detail}` : `${file}, line ${line}: ${detail}`, { file, line });
    this.name = "IngestError";
    this.file = file;
    if (line !== undefined) this.line = line;
  }
}
