import {
  fluentButton,
  fluentCheckbox,
  fluentOption,
  fluentProgress,
  fluentRadio,
  fluentRadioGroup,
  fluentSelect,
  fluentTextField,
  provideFluentDesignSystem,
} from "@fluentui/web-components";

/** Register the Fluent UI web components the pane uses (the components Office's own panes are made of). */
export function registerFluent(): void {
  provideFluentDesignSystem().register(
    fluentButton(),
    fluentCheckbox(),
    fluentOption(),
    fluentProgress(),
    fluentRadio(),
    fluentRadioGroup(),
    fluentSelect(),
    fluentTextField(),
  );
}
