import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config.js';

/** socket.io with bounded messages and the configured CORS origins. */
export class SocketIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.corsOrigins;
    return super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: this.config.env.SOCKET_MAX_MESSAGE_BYTES,
      cors: { origin: origins.length > 0 ? origins : false, credentials: true },
    });
  }
}
