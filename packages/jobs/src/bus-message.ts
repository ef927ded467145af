import { AppError } from '@vibemonitor/contracts';

/**
 * Serialises a bus message. Both drivers go through JSON so a listener never
 * shares an object with the publisher, exactly as across processes.
 * @throws AppError('VALIDATION_FAILED') when the message is not JSON.
 */
export function encodeBusMessage(channel: string, message: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Bus message for "${channel}" is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (text === undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Bus message for "${channel}" is not JSON-serialisable (got ${typeof message})`,
    );
  }
  return text;
}

export function decodeBusMessage(text: string): unknown {
  return JSON.parse(text);
}

export function assertChannelName(channel: string): void {
  if (channel.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Bus channel name must not be empty');
  }
}
