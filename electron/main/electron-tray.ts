/** The Electron side of the tray: applies rendered items, icon and tooltip to a `Tray`. */
import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import type { TrayAction, TrayIconName, TrayMenuItem } from '../../shared/tray-menu';
import type { TrayView } from './tray-controller';
import { toMenuTemplate } from './tray-template';

/**
 * macOS gets black-and-alpha template images (the menu bar tints them); others get colour.
 * `@2x` siblings are picked up by Electron for high-DPI screens.
 */
export function trayIconPath(dir: string, icon: TrayIconName, platform: NodeJS.Platform): string {
  return join(dir, platform === 'darwin' ? `tray-${icon}Template.png` : `tray-${icon}.png`);
}

export interface ElectronTrayViewDeps {
  tray: Pick<Tray, 'setContextMenu' | 'setImage' | 'setToolTip'>;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  iconPath: (icon: TrayIconName) => string;
  dispatch: (action: TrayAction) => void;
}

export class ElectronTrayView implements TrayView {
  private icon?: TrayIconName;

  constructor(private readonly deps: ElectronTrayViewDeps) {}

  render(items: TrayMenuItem[], icon: TrayIconName, tooltip: string): void {
    this.deps.tray.setContextMenu(this.deps.buildMenu(toMenuTemplate(items, this.deps.dispatch)));
    if (icon !== this.icon) {
      this.deps.tray.setImage(this.deps.iconPath(icon));
      this.icon = icon;
    }
    this.deps.tray.setToolTip(tooltip);
  }
}
