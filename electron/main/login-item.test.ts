import { describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, autostartEntry } from './login-item';

function deps(platform: NodeJS.Platform) {
  const files = new Map<string, string>();
  return {
    files,
    deps: {
      platform,
      app: { setLoginItemSettings: vi.fn() },
      exec: '/opt/Auto Deploy/auto-deploy',
      autostartDir: '/home/u/.config/autostart',
      fs: {
        mkdir: vi.fn(async () => undefined),
        writeFile: async (f: string, t: string) => void files.set(f, t),
        rm: async (f: string) => void files.delete(f),
      },
    },
  };
}

describe('start at login', () => {
  it('macOS and Windows use the OS login item, starting hidden', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { deps: d, files } = deps(platform);
      await applyStartAtLogin(true, d);
      await applyStartAtLogin(false, d);
      expect(d.app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true, args: ['--hidden'] }], [{ openAtLogin: false, args: ['--hidden'] }]]);
      expect(files.size).toBe(0);
    }
  });

  it('Linux writes and removes an XDG autostart entry', async () => {
    const { deps: d, files } = deps('linux');
    await applyStartAtLogin(true, d);
    expect([...files.keys()]).toEqual(['/home/u/.config/autostart/auto-deploy.desktop']);
    expect(files.get('/home/u/.config/autostart/auto-deploy.desktop')).toContain('Exec="/opt/Auto Deploy/auto-deploy" --hidden\n');
    await applyStartAtLogin(false, d);
    expect(files.size).toBe(0);
    expect(d.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes the Exec line per the desktop entry spec', () => {
    expect(autostartEntry('/usr/bin/auto-deploy')).toContain('Exec=/usr/bin/auto-deploy --hidden');
    expect(autostartEntry('/x/$HOME "a"')).toContain('Exec="/x/\\$HOME \\"a\\"" --hidden');
  });
});
