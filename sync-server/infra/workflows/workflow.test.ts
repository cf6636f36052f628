import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineWorkflow, localStep, remoteStep } from './workflow';
import type { StepContext } from './workflow';

interface Input {
  readonly qty: number;
}
interface Quote {
  readonly amount: number;
}

const quote = remoteStep('quote', {
  invoke: async (ctx: StepContext<Input>): Promise<Quote> => ({ amount: ctx.input.qty * 250 }),
});
const bill = localStep('bill', {
  reads: [quote],
  invoke: async (ctx: StepContext<Input>) => ({ billed: ctx.outputOf(quote).amount }),
});

describe('defining a workflow', () => {
  it('takes steps that read only steps before them', () => {
    const flow = defineWorkflow('billing', [quote, bill]);
    expect(flow.steps.map((s) => s.name)).toEqual(['quote', 'bill']);
  });

  it('refuses a step that reads a step after it', () => {
    expect(() => defineWorkflow('billing', [bill, quote])).toThrow(
      'workflow billing: step bill reads quote, which is not a step before it',
    );
  });

  it('refuses a step that reads a step the workflow does not have', () => {
    expect(() => defineWorkflow('billing', [bill])).toThrow(
      'workflow billing: step bill reads quote, which is not a step before it',
    );
  });

  it('refuses a step read from another definition of the same name', () => {
    // The same name is not the same step: its output may have another shape.
    const otherQuote = remoteStep('quote', { invoke: async () => ({ cents: 1 }) });
    expect(() => defineWorkflow('billing', [otherQuote, bill])).toThrow(
      'workflow billing: step bill reads quote, which is not a step before it',
    );
  });

  it('refuses two steps of one name, since steps are recorded by name', () => {
    const again = localStep('quote', { invoke: async () => null });
    expect(() => defineWorkflow('billing', [quote, again])).toThrow(
      'workflow billing has two steps named quote',
    );
  });
});

describe('step types', () => {
  it('gives a later step the output type of the step it reads, without a cast', () => {
    const read = (ctx: StepContext<Input>) => ctx.outputOf(quote);
    expectTypeOf(read).returns.toEqualTypeOf<Quote>();
    expectTypeOf(bill.invoke).returns.resolves.toEqualTypeOf<{ billed: number }>();

    // @ts-expect-error: quote records an amount, not a charge
    const misread = (ctx: StepContext<Input>): { charge: string } => ctx.outputOf(quote);
    expect(misread).toBeTypeOf('function');
  });

  it('gives a compensation the output of its own step', () => {
    const hold = remoteStep('hold', {
      invoke: async (): Promise<Quote> => ({ amount: 1 }),
      compensate: async (_ctx, output) => {
        expectTypeOf(output).toEqualTypeOf<Quote>();
      },
    });
    remoteStep<Input, Quote>('release', {
      invoke: async () => ({ amount: 1 }),
      // @ts-expect-error: the compensation must take what the step recorded
      compensate: async (_ctx, output: { charge: string }) => {
        expect(output).toBeDefined();
      },
    });
    expect(hold.name).toBe('hold');
  });
});
