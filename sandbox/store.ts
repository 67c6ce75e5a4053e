// The sandbox's in-memory state: OAuth clients, grants and tokens, and each umbrella company's data.
import type { PayslipFigures, PaymentModel } from './payroll';

export type Json = Record<string, unknown>;

export interface ClientApp {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
}

export interface PortalUser {
  email: string;
  password: string;
  name: string;
  companyId: string;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  companyId: string;
  expiresAt: number;
  used: boolean;
}

export interface Grant {
  id: string;
  clientId: string;
  companyId: string;
  revoked: boolean;
  /** The one refresh token currently valid for this grant. */
  refreshToken: string;
}

export interface AccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export interface Company {
  id: string;
  incrementId: number;
  name: string;
  agencyId: string;
  agencyName: string;
}

export interface VatCode {
  id: string;
  incrementId: number;
  description: string;
  VATRate: string;
  VATCode: string;
  percent: number;
  createdAt: string;
  updatedAt: string;
}

export interface Candidate {
  id: string;
  incrementId: number;
  systemId: string;
  country: 'UK' | 'IE';
  status: string;
  registrationStatus: string;
  dateLeft: string | null;
  reason: string | null;
  /** With `pensionSetting` inside, as the docs' requests carry it. */
  generalSetting: Json;
  bankSetting: Json;
  payrollSetting: Json;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentRate {
  id: string;
  incrementId: number;
  code: string;
  description: string;
  displayOnPayslip: string;
  status: string;
  type: 'RATE' | 'FIXED';
  units: 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
  hoursPerUnit: number;
  includeInCisCalculation: boolean;
  includeNICalculation: boolean;
  includeTaxCalculation: boolean;
  includePensionCalculation: boolean;
  includeAccrueHolidayPay: boolean;
  raiseInvoice: boolean;
  includeInPayeUmbrellaCalculation: boolean;
  isStatutory: boolean;
  defaultVATCodeId: string;
  createdAt: string;
  updatedAt: string;
}

export interface TimesheetLine {
  rateId: string;
  rate: string;
  units: string;
  vatID: string;
  netPence: number;
  vatPence: number;
  /** The docs' update example sends rate/units as numbers (create: strings); answered in the form sent. */
  sentAsNumbers?: boolean;
}

export type ApproveStatus = 'PENDING_AGENCY_APPROVAL' | 'APPROVED' | 'REJECTED';

export interface Timesheet {
  id: string;
  incrementId: number;
  candidateId: string;
  assignmentRef: string | null;
  startDate: string;
  endDate: string;
  taxYear: number;
  taxPeriod: number;
  taxPeriodConfig: number;
  monthConfig: unknown;
  payFrequency: 'WEEKLY' | 'MONTHLY';
  paymentModel: PaymentModel;
  approveStatus: ApproveStatus;
  invoiceStatus: string;
  lines: TimesheetLine[];
  createdAt: string;
  updatedAt: string;
}

export interface Payslip extends PayslipFigures {
  id: string;
  incrementId: number;
  timesheetId: string;
  candidateId: string;
  subcontractorName: string;
  taxYear: number;
  taxPeriod: number;
  payFrequency: string;
  paymentModel: PaymentModel;
  payDate: string;
  createdAt: string;
}

export interface CompanyData {
  candidates: Candidate[];
  paymentRates: PaymentRate[];
  timesheets: Timesheet[];
  payslips: Payslip[];
}

/** What a restart keeps (`stateFile`): everything but the client applications, which come from the options. */
export interface StoreSnapshot {
  version: 1;
  seed: number;
  users: PortalUser[];
  companies: [string, Company][];
  data: [string, CompanyData][];
  vatCodes: VatCode[];
  codes: [string, AuthCode][];
  grants: [string, Grant][];
  accessTokens: [string, AccessToken][];
  counters: [string, number][];
  stats: Store['stats'];
}

export class Store {
  clients = new Map<string, ClientApp>();
  users: PortalUser[] = [];
  companies = new Map<string, Company>();
  data = new Map<string, CompanyData>();
  vatCodes: VatCode[] = [];
  codes = new Map<string, AuthCode>();
  grants = new Map<string, Grant>();
  accessTokens = new Map<string, AccessToken>();
  /** Ids share one counter per prefix, across companies, as a real database sequence would. */
  private counters = new Map<string, number>();
  stats = { tokenRequests: 0, authorizationCodeGrants: 0, refreshGrants: 0, apiRequests: 0 };

  nextId(prefix: string, start = 1) {
    const next = (this.counters.get(prefix) ?? start - 1) + 1;
    this.counters.set(prefix, next);
    return { id: `${prefix}-${next}`, incrementId: next };
  }

  company(companyId: string): CompanyData {
    const data = this.data.get(companyId);
    if (!data) throw new Error(`unknown company ${companyId}`);
    return data;
  }

  vatCode(id: string) {
    return this.vatCodes.find((v) => v.id === id);
  }

  snapshot(seed: number): StoreSnapshot {
    return {
      version: 1,
      seed,
      users: this.users,
      companies: [...this.companies],
      data: [...this.data],
      vatCodes: this.vatCodes,
      codes: [...this.codes],
      grants: [...this.grants],
      accessTokens: [...this.accessTokens],
      counters: [...this.counters],
      stats: this.stats,
    };
  }

  static restore(snapshot: StoreSnapshot): Store {
    const store = new Store();
    store.users = snapshot.users;
    store.companies = new Map(snapshot.companies);
    store.data = new Map(snapshot.data);
    store.vatCodes = snapshot.vatCodes;
    store.codes = new Map(snapshot.codes);
    store.grants = new Map(snapshot.grants);
    store.accessTokens = new Map(snapshot.accessTokens);
    store.counters = new Map(snapshot.counters);
    store.stats = snapshot.stats;
    return store;
  }
}
