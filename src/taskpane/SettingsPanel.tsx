/** Settings editor: the only place the pane writes into an input table (its Value cells). */
import * as React from 'react';
import { Button, Field, Input, Select, Subtitle2, Text } from '@fluentui/react-components';
import type { PaneController } from './controller';
import { EDITABLE_SETTINGS } from './settingsModel';
import { useStore } from './store';
import { Notices, useShared } from './ui';

export function SettingsPanel({ controller }: { readonly controller: PaneController }): React.ReactElement {
  const s = useShared();
  const st = useStore(controller.settings);
  React.useEffect(() => {
    void controller.loadSettings();
  }, [controller]);
  const draft = st.draft;
  const invalid = Object.keys(st.problems).length > 0;
  return (
    <section className={s.panel} aria-labelledby="settings-title">
      <Subtitle2 as="h2" id="settings-title">
        Settings
      </Subtitle2>
      <Text size={200}>
        {st.table === undefined
          ? 'Reading the Settings table…'
          : st.table.exists
            ? 'Saving writes only the Value cells of the Settings table.'
            : 'This workbook has no Settings table: saving creates one.'}
      </Text>
      {draft === undefined ? null : (
        <form
          className={s.stack}
          onSubmit={(e) => {
            e.preventDefault();
            void controller.saveSettings();
          }}
        >
          {EDITABLE_SETTINGS.map((setting) => {
            const problem = st.problems[setting.key];
            const common = { validationState: problem === undefined ? ('none' as const) : ('error' as const), hint: setting.help, label: setting.label };
            return setting.choices === undefined ? (
              <Field key={setting.key} {...common} {...(problem === undefined ? {} : { validationMessage: problem })}>
                <Input inputMode="numeric" value={draft[setting.key]} onChange={(_, d) => controller.editSetting(setting.key, d.value)} />
              </Field>
            ) : (
              <Field key={setting.key} {...common} {...(problem === undefined ? {} : { validationMessage: problem })}>
                <Select value={draft[setting.key]} onChange={(_, d) => controller.editSetting(setting.key, d.value)}>
                  {setting.choices.includes(draft[setting.key]) ? null : <option value={draft[setting.key]}>{draft[setting.key] === '' ? '(choose)' : draft[setting.key]}</option>}
                  {setting.choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {choice === '' ? '(none)' : choice}
                    </option>
                  ))}
                </Select>
              </Field>
            );
          })}
          <Button type="submit" appearance="primary" disabled={st.saving || invalid}>
            Save settings
          </Button>
        </form>
      )}
      <Notices notices={st.notice === undefined ? [] : [st.notice]} />
    </section>
  );
}
