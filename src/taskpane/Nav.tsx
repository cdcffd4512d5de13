/**
 * The tab bar on one row at any pane width: tabs that do not fit move into a "More" menu (Fluent's
 * Overflow). The open panel's tab keeps the highest priority, so it is always visible.
 */
import * as React from 'react';
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Overflow,
  OverflowItem,
  Tab,
  TabList,
  makeStyles,
  tokens,
  useIsOverflowItemVisible,
  useOverflowMenu,
} from '@fluentui/react-components';
import { PANELS, type PanelId } from './panels';

const useStyles = makeStyles({
  bar: { paddingLeft: tokens.spacingHorizontalXS, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, minWidth: 0, overflow: 'hidden' },
  tabs: { flexWrap: 'nowrap', minWidth: 0 },
  more: { flexShrink: 0, display: 'inline-flex', alignItems: 'center' },
});

export interface NavProps {
  readonly panel: PanelId;
  readonly onSelect: (panel: PanelId) => void;
  /** Extra text after a tab's label, e.g. the error count on Diagnostics. */
  readonly badge?: (panel: PanelId) => React.ReactNode;
}

function label(id: PanelId): string {
  return PANELS.find((p) => p.id === id)?.label ?? id;
}

function MoreItem({ id, onSelect, badge }: { readonly id: PanelId; readonly onSelect: (panel: PanelId) => void; readonly badge: React.ReactNode }): React.ReactElement | null {
  const visible = useIsOverflowItemVisible(id);
  if (visible) return null;
  return (
    <MenuItem onClick={() => onSelect(id)}>
      {label(id)}
      {badge}
    </MenuItem>
  );
}

function MoreMenu({ onSelect, badge }: Pick<NavProps, 'onSelect' | 'badge'>): React.ReactElement | null {
  const c = useStyles();
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLSpanElement>();
  if (!isOverflowing) return null;
  return (
    <span ref={ref} className={c.more}>
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="transparent" size="small" aria-label={`More panels (${overflowCount} more)`}>
          More ▾
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {PANELS.map((p) => (
            <MoreItem key={p.id} id={p.id} onSelect={onSelect} badge={badge?.(p.id) ?? null} />
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
    </span>
  );
}

export function Nav({ panel, onSelect, badge }: NavProps): React.ReactElement {
  const c = useStyles();
  return (
    <div className={c.bar}>
      <Overflow minimumVisible={2}>
        <TabList className={c.tabs} size="small" selectedValue={panel} onTabSelect={(_, d) => onSelect(d.value as PanelId)} aria-label="Perpetua panels">
          {PANELS.map((p) => (
            <OverflowItem key={p.id} id={p.id} priority={p.id === panel ? 2 : 1}>
              <Tab value={p.id} id={`tab-${p.id}`}>
                {p.label}
                {badge?.(p.id) ?? null}
              </Tab>
            </OverflowItem>
          ))}
          <MoreMenu onSelect={onSelect} {...(badge === undefined ? {} : { badge })} />
        </TabList>
      </Overflow>
    </div>
  );
}
