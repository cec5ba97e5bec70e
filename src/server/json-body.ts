import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../logger';
import { ErrorCode } from '../common/errors';

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Parses the JSON body of a GraphQL request. A body the parser refuses is answered here, as a
 * GraphQL error, and never reaches Express's default handler: the parser's error carries the
 * body itself, and its message quotes it.
 */
export function jsonBody(limit: number, log: Logger): RequestHandler {
  const parse = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const { type, status } = (typeof error === 'object' ? error : {}) as BodyParserError;
      if (type === 'entity.too.large') {
        log.warn({ status: 413, limit, contentLength: req.get('content-length') ?? null }, 'request body refused: too large');
        res.status(413).json({
          errors: [{ message: `the request body exceeds ${limit} bytes; send smaller batches`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, limit } }],
        });
        return;
      }
      // Unsupported charset or encoding (415), a malformed or aborted body (400): the client's doing.
      const answer = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
      log.warn({ status: answer, reason: typeof type === 'string' ? type : 'unreadable' }, 'request refused: not JSON');
      res.status(answer).json({
        errors: [{ message: 'the request body could not be read as JSON in UTF-8; a GraphQL request is a JSON object (query, variables, operationName)', extensions: { code: ErrorCode.BAD_REQUEST } }],
      });
    });
  };
}
