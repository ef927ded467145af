import { describe, expect, it } from 'vitest';
import { loadDbEnv } from './env.js';

describe('loadDbEnv', () => {
  it('defaults to embedded mode under ./.data', () => {
    expect(loadDbEnv({})).toEqual({ DATA_DIR: './.data' });
    expect(loadDbEnv({ DATABASE_URL: '', DATA_DIR: '' })).toEqual({ DATA_DIR: './.data' });
  });

  it('accepts postgres:// and postgresql:// URLs', () => {
    expect(loadDbEnv({ DATABASE_URL: 'postgres://u@h:5432/db', DATA_DIR: '/var/lib/vm' })).toEqual({
      DATABASE_URL: 'postgres://u@h:5432/db',
      DATA_DIR: '/var/lib/vm',
    });
    expect(loadDbEnv({ DATABASE_URL: 'postgresql://u@h/db' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });

  it('names the variable and hides the rest of a bad URL', () => {
    let message = '';
    try {
      loadDbEnv({ DATABASE_URL: 'mysql://root:hunter2@db/app' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(message).toContain('"mysql:...');
    expect(message).not.toContain('hunter2');
  });
});
